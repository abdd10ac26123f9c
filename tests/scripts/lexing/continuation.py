# Explicit backslash continuation and implicit continuation in brackets
x = 1 + \
    2 + \
    3
print(x)
y = (1 +
     2
     + 3)
print(y)
items = [
    1, 2,
    3,   # comment inside brackets
    4,
]
print(items)
d = {
    'a': 1,
        'b': 2,
}
print(d)
def f(a,
      b,
          c):
    return a + b + c
print(f(1,
        2,
  3))
if x == 6 and \
   y == 6:
    print("both six")
s = "abc" \
    "def"
print(s)
