def stop():
    raise RuntimeError
print("about to raise")
stop()
