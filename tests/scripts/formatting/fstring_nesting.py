rows = [("apple", 1.5, 3), ("banana", 0.25, 12), ("cherry", 10.0, 100)]
print(f"{'name':<10}{'price':>8}{'qty':>5}")
for name, price, qty in rows:
    print(f"{name:<10}{price:>8.2f}{qty:>5d}")
total = sum([p * q for _, p, q in rows])
print(f"{'total':<10}{total:>8.2f}")
width = 12
for align in "<^>":
    print(f"[{'x':{align}{width}}]")
d = {"key": [10, 20]}
print(f"{d['key'][1] + 1:04d} {len(d):>{width // 4}}")
print(f"{f'{1 + 1}' * 3}")
print(f"{(lambda v: v * 2)(21)}")
print(f"{', '.join([str(i) for i in range(3)])}")
print(f"{3 if True else 4:>3}|{'a' 'b'}|{{{1}}}")
print(f"{'%.2f' % 1.005} {'{:>4}'.format(7)}")
