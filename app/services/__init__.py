"""Services: the operations that change data, called by the GUI, the CLI and the tests alike.

Each runs in one unit of work (``Database.write()``): it commits whole or not at all.
"""
