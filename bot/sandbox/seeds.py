"""Seed data for the sandbox: realistic LCPD demo threads, and bulk synthetic threads for benchmarks."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.sandbox.state import PLATFORMS

if TYPE_CHECKING:
    from bot.sandbox.sandbox import Sandbox

DEMO_POSTS = {
    "traffic": (
        "TRAFFIC ADVISORY: Lohman Ave. is closed between Telshor Blvd. and Roadrunner Pkwy. after a multi-vehicle "
        "crash. Expect delays through the evening commute and please use alternate routes."
    ),
    "event": (
        "Join LCPD officers for Coffee with a Cop this Saturday, 9-11 a.m., at Branigan Memorial Library. "
        "Bring your questions, concerns and ideas. Everyone is welcome!"
    ),
    "arrest": (
        "LCPD detectives arrested a 34-year-old Las Cruces man Tuesday in connection with three armed robberies "
        "of convenience stores on the East Mesa. He faces charges of armed robbery and aggravated assault."
    ),
    "missing": (
        "MISSING PERSON: LCPD asks for help locating a 16-year-old girl last seen Sunday evening near "
        "Apodaca Park. Anyone with information is asked to call 575-526-0795."
    ),
}

# (post, key, author, text, media, reply-to key). Written for this project; names are invented.
DEMO_COMMENTS: list[tuple[str, str, str, str, tuple[str, ...], str | None]] = [
    ("traffic", "t1", "Linda Chavez", "Thanks for the heads up! Taking Missouri instead.", (), None),
    (
        "traffic",
        "t2",
        "Marcus Bell",
        "How long is it going to be closed? I need to get to work by 5.",
        (),
        None,
    ),
    ("traffic", "t3", "page", "We expect the road to reopen by 7 p.m. Please drive safely.", (), "t2"),
    (
        "traffic",
        "t4",
        "Ray Ortega",
        "Maybe if you pigs actually patrolled Lohman instead of sitting at Starbucks there'd be fewer crashes.",
        (),
        None,
    ),
    ("traffic", "t5", "Tee Jackson", "ACAB. Every single one of you.", (), None),
    (
        "traffic",
        "t6",
        "Ana Lucero",
        "Someone just ran the red at Lohman and Telshor and almost hit a kid in the crosswalk, silver F-150 "
        "heading east RIGHT NOW",
        (),
        None,
    ),
    (
        "traffic",
        "t7",
        "Jorge Mendez",
        "¿Cuándo van a abrir la calle otra vez? Tengo que recoger a mis hijos.",
        (),
        None,
    ),
    (
        "traffic",
        "t8",
        "Kelly Brandt",
        "Pic from my car, it looks bad. Hope everyone is ok.",
        ("photo",),
        None,
    ),
    ("event", "e1", "Susan Whitfield", "Love this! My kids had a great time last year.", (), None),
    ("event", "e2", "Dave Kim", "Will there be free coffee? Asking for a friend 😂", (), None),
    ("event", "e3", "Paul Greer", "Great way to build trust with the community. Thank you LCPD.", (), None),
    (
        "event",
        "e4",
        "Cash Flow Daily",
        "Make $5000/week working from home!!! No experience needed. Click here http://bit.ly/3xQwErT",
        ("link",),
        None,
    ),
    (
        "event",
        "e5",
        "Shades Outlet",
        "🔥 Ray-Ban sunglasses 90% OFF today only 🔥 www.cheap-shades-outlet.example",
        ("link",),
        None,
    ),
    (
        "event",
        "e6",
        "Ray Ortega",
        "Coffee with a cop? More like coffee with a bunch of liars in uniform. Nobody trusts you.",
        (),
        None,
    ),
    ("event", "e7", "Maribel Soto", "Es una buena idea. Gracias por hacer esto para la comunidad.", (), None),
    (
        "event",
        "e8",
        "Tom Becker",
        "This department is a f***ing joke and this PR stunt won't fix it.",
        (),
        None,
    ),
    ("arrest", "a1", "Greg Lawson", "Good job officers, lock him up and throw away the key.", (), None),
    (
        "arrest",
        "a2",
        "Nina Patel",
        "Innocent until proven guilty. Posting arrests like this ruins lives before any trial.",
        (),
        None,
    ),
    ("arrest", "a3", "Dusty Raines", "I'll shoot the next cop I see. Watch me.", (), None),
    (
        "arrest",
        "a4",
        "Justice4All",
        "Officer J. Ramirez lives at 2417 Calle Sombra, Las Cruces. Maybe someone should pay him a visit.",
        (),
        None,
    ),
    ("arrest", "a5", "Billy Crane", "Send that sp*c back across the border where he belongs.", (), None),
    (
        "arrest",
        "a6",
        "Hank Moreno",
        "Chief Montoya personally covers up for dirty cops and takes cash from the cartels. Everyone knows it.",
        (),
        None,
    ),
    (
        "arrest",
        "a7",
        "Leah Torres",
        "Here's the video of the arrest. They slammed him on the hood for no reason.",
        ("video",),
        None,
    ),
    (
        "arrest",
        "a8",
        "Greg Lawson",
        "@Leah Torres he robbed three stores with a gun, what did you expect",
        (),
        "a7",
    ),
    ("arrest", "a9", "Roberto Diaz", "¿Y por qué no ponen su nombre? Queremos saber quién es.", (), None),
    ("missing", "m1", "Carla Nunez", "Sharing! Praying she comes home safe 🙏", (), None),
    (
        "missing",
        "m2",
        "Steve Ruiz",
        "I think I saw her at the Circle K on Picacho about an hour ago, she was with an older guy in a black car",
        (),
        None,
    ),
    (
        "missing",
        "m3",
        "page",
        "Thank you. Please call 575-526-0795 right away so an officer can follow up.",
        (),
        "m2",
    ),
    (
        "missing",
        "m4",
        "Gossip Queen",
        "Her name is Jasmine R., she's in 10th grade at Onate High and her dad just got out of jail.",
        (),
        None,
    ),
    (
        "missing",
        "m5",
        "Mike Dunn",
        "Why do you only post missing kids from the east side? Typical LCPD.",
        (),
        None,
    ),
    (
        "missing",
        "m6",
        "Patty Alvarez",
        "Someone is breaking into cars on Main St right now!! Near the farmers market",
        (),
        None,
    ),
    ("missing", "m7", "Luis Herrera", "Se busca, compartan por favor. Que Dios la proteja.", (), None),
    (
        "missing",
        "m8",
        "Jake Turner",
        "Bet she ran off with her boyfriend lol. Nice pic tho, send more 😏",
        (),
        None,
    ),
    ("missing", "m9", "Rosa Kemp", "Flyer for anyone who wants to print it.", ("photo",), None),
    ("missing", "m10", "Dan Wolfe", "You b*tches couldn't find your own a$$ with a map.", ("gif",), None),
]


def seed_demo(
    sandbox: Sandbox, platforms: tuple[str, ...] = PLATFORMS, *, comments_end: float | None = None
) -> dict[str, dict[str, str]]:
    """Four LCPD posts with ~35 comments each per platform; returns {platform: {key: id}}.

    With `comments_end` (epoch seconds) the comments are written in the seconds just before it, one a
    second, as if they had just arrived: the demo polls them at once, so its time to action is real."""
    ids: dict[str, dict[str, str]] = {}
    start = time.time() - 6 * 3600
    for platform in platforms:
        keys: dict[str, str] = {}
        for n, (key, text) in enumerate(DEMO_POSTS.items()):
            keys[key] = sandbox.insert_post(platform, text, created=start + n * 600).id
        for n, (post, key, author, text, media, reply_to) in enumerate(DEMO_COMMENTS):
            created = start + 3000 + n * 240
            if comments_end is not None:
                created = comments_end - (len(DEMO_COMMENTS) - n)
            parent = keys[reply_to] if reply_to else None
            item = sandbox.insert_comment(
                platform,
                keys[post],
                text,
                author=None if author == "page" else author,
                media=media,
                parent=parent,
                created=created,
                by_page=author == "page",
            )
            keys[key] = item.id
        ids[platform] = keys
    return ids


BULK_TEXTS = [
    "Thanks for keeping us informed!",
    "When will the road reopen?",
    "Great work by the officers involved.",
    "This is the third time this month, something needs to change.",
    "Shared with my neighborhood group.",
    "Why wasn't this posted earlier?",
    "Stay safe out there everyone.",
    "Gracias por la información.",
    "The police in this town are useless.",
    "Check out my page for great deals http://deals.example/xyz",
    "Does anyone know if the library is still open?",
    "Prayers for the families.",
]


def bulk_text(rng: random.Random) -> str:
    return rng.choice(BULK_TEXTS)


def seed_bulk(
    sandbox: Sandbox,
    *,
    posts: int = 25,
    comments_per_post: int = 400,
    platforms: tuple[str, ...] = PLATFORMS,
    rng_seed: int = 158,
    choose_text: Callable[[random.Random], str] = bulk_text,
    author_prefix: str = "bulk user",
    media_share: float = 0.03,
) -> None:
    """Large synthetic threads (e.g. 25 posts x 400 comments per platform) with replies and some media.

    `choose_text` picks each comment's text from the seeded generator; the benchmark passes one that
    mixes in comments the policy acts on.
    """
    rng = random.Random(rng_seed)
    start = time.time() - 2 * 86400
    for platform in platforms:
        t = start
        post_ids = []
        for p in range(posts):
            post_ids.append(
                sandbox.insert_post(platform, f"LCPD update #{p + 1}: community notice.", created=t).id
            )
            t += 1.0
        for post_id in post_ids:
            recent: list[str] = []
            for c in range(comments_per_post):
                t += rng.uniform(0.01, 2.0)
                parent = rng.choice(recent) if recent and rng.random() < 0.15 else None
                media: tuple[str, ...] = ("photo",) if rng.random() < media_share else ()
                item = sandbox.insert_comment(
                    platform,
                    post_id,
                    f"{choose_text(rng)} ({c})",
                    author=f"{author_prefix} {rng.randrange(2000)}",
                    media=media,
                    parent=parent,
                    created=t,
                )
                if parent is None:
                    recent.append(item.id)
                    del recent[:-20]
