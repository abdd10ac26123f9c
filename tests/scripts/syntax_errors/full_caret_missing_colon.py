# full-stderr
while True
    pass
