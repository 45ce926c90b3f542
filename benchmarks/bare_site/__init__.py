"""The product site plus one bare Django template view (`/bench/bare/`), for throughput comparisons.

Used only by benchmarks/run.py (gunicorn serves `benchmarks.bare_site.wsgi:application`), so the
product's own URLs never get the bare view.
"""
