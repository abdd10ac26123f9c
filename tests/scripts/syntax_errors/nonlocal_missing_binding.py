def outer():
    def inner():
        nonlocal nothing_here
        nothing_here = 1
    return inner
