print("{} {}".format("a", "b"), "{1} {0}".format("a", "b"), "{0}{0}".format("x"))
print("{name} is {age}".format(name="Ann", age=7), "{0[1]} {1[k]}".format([1, 2], {"k": "v"}))
class P:
    x = 5
print("{0.x} {p.x}".format(P(), p=P()))
print("{:>8}|{:<8}|{:^8}|".format("r", "l", "c"))
print("{:*^9}".format("mid"), "{:08.3f}".format(3.14159), "{:+d} {:+d}".format(5, -5))
print("{:x} {:X} {:o} {:b} {:#x} {:#o} {:#b}".format(255, 255, 8, 5, 255, 8, 5))
print("{:,} {:_} {:,.2f}".format(1234567, 1234567, 1234.5))
print("{:e} {:.2e} {:E}".format(12345.678, 0.000123, 1e10))
print("{:g} {:g} {:g} {:.3g}".format(1e-5, 123456789.0, 0.5, 3.14159))
print("{:%} {:.1%}".format(0.25, 1 / 3))
print("{!r} {!s}".format("q", "q"), "{{}}".format(), "{:10}|".format(42), "{:<10}|".format(42))
print("{:5}|{:>5}|{:5}|".format("ab", "ab", 1.5))
print("{:=+8d} {: d} {: d}".format(42, 42, -42))
print(format(3.5, "06.2f"), format(10, "b"), format("s", ">3"), format(1234, ","))
w = 10
print("{:{}}|".format("dyn", w), "{:{w}.{p}f}".format(2.71828, w=8, p=2))
