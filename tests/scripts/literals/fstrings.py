name = "world"
n = 42
pi = 3.14159265
items = [1, 2, 3]
d = {"k": "v", "n": 7}
print(f"hello {name}")
print(f"{n} {n+1} {n*2} {-n}")
print(f"{pi:.2f} {pi:10.3f}| {pi:<10.1f}| {n:05d} {n:x} {n:#b}")
print(f"{name!r} {name!s} {name!r:>10}")
print(f"{items} {items[0]} {items[-1]} {len(items)}")
print(f"{d['k']} {d['n'] * 2}")
print(f"{'yes' if n > 40 else 'no'}")
w, p = 12, 3
print(f"[{pi:{w}.{p}f}]")
print(f"[{name:^{w}}]")
print(f"{{literal braces}} {n}")
print(f"{n}{n}{n}")
print(F"capital F {n}")
print(rf"raw f \n {n}", fr"\t{name}")
print(f"{3.0} {1e20} {1/3}")
print(f"{[x * x for x in range(4)]}")
print(f"{ {'a': 1}['a'] }")
print(f"multi" f"part {n}" " plain")
print(f"""triple {name}
second line {n}""")
print(f"{n:,} {1234567:,} {1234567.891:,.2f} {255:08b}")
print(f"{'nested ' + f'{n}'}")
