data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long list", n)
print(n)
results = [y for x in data if (y := x * 2) > 6]
print(results, y)
i = 0
while (i := i + 1) < 5:
    print("i =", i)
print("final", i)
print((z := 10) + z)
def f():
    if (m := max(data)) > 5:
        return m
    return None
print(f())
values = [(w := k) * w for k in range(4)]
print(values, w)
