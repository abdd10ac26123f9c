try:
    import mod_raises
except ValueError as e:
    print("caught:", e)
print("mod_raises" in dir())
try:
    import mod_raises
except ValueError as e:
    print("runs again:", e)
