print("this line never runs: syntax errors stop the whole file")
def f(x)
    return x
