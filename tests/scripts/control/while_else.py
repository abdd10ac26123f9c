i = 0
while i < 5:
    i += 1
    if i == 3:
        continue
    print("loop", i)
else:
    print("while finished normally, i =", i)
j = 0
while j < 10:
    if j == 4:
        print("breaking at", j)
        break
    j += 1
else:
    print("not printed")
k = 0
while k > 0:
    print("never")
else:
    print("else runs even when the body never runs")
n = 0
while True:
    n += 1
    if n > 100:
        break
print("n =", n)
