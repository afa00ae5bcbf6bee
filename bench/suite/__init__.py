"""The end-to-end benchmark harness behind ``python -m bench`` (issue 6).

One module per job: ``cli`` (options), ``stacks`` (what is compared), ``servers`` and
``nginx`` (starting them pinned), ``scenarios`` (what is requested and what must come
back), ``equivalence`` (the check before timing), ``wrk`` (the load generator),
``runner`` (interleaved measurement), ``stats``, ``targets`` (issue 6's goals),
``report`` (JSON and Markdown), ``charts`` (PNG), ``machine``, ``micro``
(pytest-benchmark), ``hotspots`` (py-spy under load) and ``appcost`` (each app's own
cost per request, without a server); ``apps/`` holds the apps.
"""
