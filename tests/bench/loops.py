# Tight while/for loops with integer and float arithmetic on locals.
def run():
    total = 0
    i = 0
    while i < 1500000:
        total += i * 3 % 7 - (i >> 2) + (i & 15)
        i += 1
    acc = 0.0
    for j in range(1000000):
        acc += j * 0.5 - j / 3.0
    return total, round(acc, 3)
print(run())
