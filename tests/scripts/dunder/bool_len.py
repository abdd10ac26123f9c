class Empty:
    def __len__(self):
        return 0
class Full:
    def __len__(self):
        return 3
class Truthy:
    def __bool__(self):
        print("__bool__ called")
        return False
    def __len__(self):
        print("__len__ not used")
        return 5
print(bool(Empty()), bool(Full()), len(Full()))
print(bool(Truthy()))
if not Empty():
    print("empty is falsy")
x = Full() and "full is truthy"
print(x)
class Plain:
    pass
print(bool(Plain()))
class BadBool:
    def __bool__(self):
        return 1
try:
    bool(BadBool())
except TypeError as e:
    print("TypeError:", e)
class BadLen:
    def __len__(self):
        return -1
try:
    len(BadLen())
except ValueError as e:
    print("ValueError:", e)
print(Truthy() or "or-result")
