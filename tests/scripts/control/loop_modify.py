# Iterating over a copy while mutating, and range re-evaluation
L = [1, 2, 3, 4, 5, 6]
for x in L[:]:
    if x % 2 == 0:
        L.remove(x)
print(L)
n = 3
for i in range(n):
    n = 10
    print("i", i)
print("n", n)
total = 0
for i in range(1, 101):
    total += i
print(total)
acc = []
i = 0
while i < len(acc) + 3 and i < 10:
    acc.append(i)
    i += 1
print(acc)
out = []
for a in range(3):
    for b in range(a, 3):
        out.append((a, b))
print(out)
