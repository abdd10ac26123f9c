L = [3, 1, 2]
L.append(4); print(L)
L.extend([5, 6]); print(L)
L.extend("ab"); print(L)
L.insert(0, "start"); L.insert(100, "end"); L.insert(-1, "before-end"); print(L)
print(L.pop(), L.pop(0), L.pop(-2), L)
L.remove("a"); print(L)
print(L.index(2), L.index(5, 2), L.count(1), [1, 1, 2].count(1))
L2 = L.copy(); L2.append("copy"); print(L, L2)
L.reverse(); print(L)
L.clear(); print(L, len(L))
try:
    [1].remove(5)
except ValueError as e:
    print("ValueError:", e)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    [1, 2].pop(5)
except IndexError as e:
    print("IndexError:", e)
try:
    [1].index(9)
except ValueError as e:
    print("ValueError:", e)
x = [1, 2]
x.insert(-10, 0); print(x)
