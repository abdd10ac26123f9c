a = b = c = 0
print(a, b, c)
x = y = []
x.append(1)
print(x, y, x is y)
i = L = 0
L = [0, 0, 0]
i, L[i] = 1, 5
print(i, L)
class O:
    pass
o = O()
o.a = o.b = "shared"
print(o.a, o.b)
d = {}
d["k"] = d["j"] = [1]
print(d, d["k"] is d["j"])
p, q = r = (1, 2)
print(p, q, r)
m = n = o.c = 3
print(m, n, o.c)
grid = [[0] * 2 for _ in range(2)]
grid[0][1] = grid[1][0] = 7
print(grid)
s = t = "str"
s += "!"
print(s, t)
