for x in range(-2, 3):
    print(x, "neg" if x < 0 else "zero" if x == 0 else "pos")
y = 10
print("a" if y else "b", "a" if not y else "b")
print([("even" if i % 2 == 0 else "odd") for i in range(5)])
f = lambda n: 1 if n <= 1 else n * f(n - 1)
print(f(10))
def side(tag):
    print("evaluated", tag)
    return tag
print(side("A") if True else side("B"))
print(side("A") if False else side("B"))
z = (1 if y > 5 else 2) + 100
print(z)
