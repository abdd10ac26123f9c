# full-stderr
def countdown(n):
    if n == 0:
        raise ValueError("bottom reached")
    countdown(n - 1)
def start():
    countdown(12)
start()
