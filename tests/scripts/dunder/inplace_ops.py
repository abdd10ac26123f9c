class Acc:
    def __init__(self):
        self.items = []
    def __iadd__(self, other):
        print("iadd", other)
        self.items.append(other)
        return self
    def __add__(self, other):
        print("add", other)
        n = Acc()
        n.items = self.items + [other]
        return n
class NoIadd:
    def __init__(self, v):
        self.v = v
    def __add__(self, other):
        return NoIadd(self.v + other)
a = Acc()
orig = a
a += 1
a += 2
print(a.items, a is orig)
b = a + 3
print(b.items, b is a)
n = NoIadd(1)
m = n
n += 5
print(n.v, m.v, n is m)
L = [1]
L2 = L
L += [2]
print(L, L2, L is L2)
t = (1,)
t2 = t
t += (2,)
print(t, t2, t is t2)
s = "a"
s += "b"
s *= 3
print(s)
x = 10
x -= 3; x *= 2; x //= 3; x **= 2; x %= 7; x <<= 3; x >>= 1; x |= 1; x &= 6; x ^= 3
print(x)
f = 1.5
f /= 2
print(f)
