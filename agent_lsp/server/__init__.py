"""The protocol shell: the only package that imports pygls or lsprotocol.

Handlers take a snapshot, call the core, convert the result and return it; see ARCHITECTURE.md.
"""
