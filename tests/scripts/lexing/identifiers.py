# Unicode identifiers and underscores
_private = 1
__dunder_like = 2
camelCase = 3
snake_case_9 = 4
café = "unicode name"
π = 3.14159
名前 = "name"
print(_private, __dunder_like, camelCase, snake_case_9)
print(café, π, 名前)
def λ(x):
    return x * 2
print(λ(21))
_ = "underscore"
print(_)
ifx = 1   # keywords as prefixes are fine
fortune = 2
nonlocals = 3
print(ifx, fortune, nonlocals)
