import mod_greet
print(__name__)
print(mod_greet.__name__)
if __name__ == "__main__":
    print("running as main")
def f():
    return __name__
print(f())
