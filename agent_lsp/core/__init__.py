"""The pure analysis core: parse -> model -> rules -> findings.

Nothing in this package imports pygls or lsprotocol, touches the network, or writes to stdout; a test
enforces the first rule. Positions are code-point based (see `text.py`); the server converts them to the
client's encoding once, at the edge.
"""
