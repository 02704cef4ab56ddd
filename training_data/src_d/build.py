import json,glob,sys,collections
rows=[]
for f in sorted(glob.glob('/work/wt-corpusD/training_data/src_d/part*.txt')):
    for ln in open(f,encoding='utf-8'):
        ln=ln.rstrip('\n')
        if not ln.strip(): continue
        cat,lang,note,text=ln.split('|',3)
        rows.append((cat.strip(),lang.strip(),note.strip(),text.strip()))
CATS={"none","threat","harassment","doxxing","hate","sexual","vulgarity","allegation","crime_report","emergency","spam","juvenile_info"}
seen=set()
out=open('/work/wt-corpusD/training_data/police_pages_d.jsonl','w',encoding='utf-8')
for i,(c,l,n,t) in enumerate(rows,1):
    assert c in CATS,(i,c); assert l in {"en","es","mixed"},(i,l)
    assert t not in seen,(i,t); seen.add(t)
    out.write(json.dumps({"id":"td%03d"%i,"text":t,"category":c,"must_stay_up":c=="none","lang":l,"note":n,"origin":"training_police_pages_d"},ensure_ascii=False)+"\n")
out.close()
cc=collections.Counter(r[0] for r in rows); lc=collections.Counter(r[1] for r in rows)
print(len(rows),dict(cc),dict(lc),"none%%=%.2f"%(cc['none']/len(rows)),"es+mixed=%d"%(lc['es']+lc['mixed']))
