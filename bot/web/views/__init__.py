"""The review app's routes, one blueprint per area: auth, queue (and items), decisions, records, stats,
admin, health. Each module is small enough to read at once; what they share is in bot.web.shared."""
