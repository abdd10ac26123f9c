print("raising with two args")
raise ValueError("bad input", 42)
