"""The benchmark apps, one module per framework, all answering the same bytes per scenario.

Each server process imports exactly one of them; ``common`` holds the shared payloads.
"""
