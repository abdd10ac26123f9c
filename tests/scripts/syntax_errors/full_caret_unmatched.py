# full-stderr
print("x")
value = (1 + 2))
