assert True
assert 1 == 1, "not shown"
try:
    assert 1 == 2
except AssertionError as e:
    print("caught", repr(e), e.args)
try:
    assert False, "custom message"
except AssertionError as e:
    print("caught", e)
try:
    assert [], ["a", "list", "message"]
except AssertionError as e:
    print(e.args)
def check(x):
    assert x > 0, f"x must be positive, got {x}"
    return x
print(check(5))
try:
    check(-1)
except AssertionError as e:
    print(e)
