print("%d %i %s %r" % (42, 7, "str", "repr"))
print("%5d|%-5d|%05d|%+d" % (42, 42, 42, 42))
print("%f %.2f %10.3f %-10.1f|" % (3.14159, 3.14159, 3.14159, 3.14159))
print("%e %.3E %g %G" % (12345.678, 0.000123, 0.0001, 1e20))
print("%x %X %o %#x %#o" % (255, 255, 8, 255, 8))
print("%c%c" % (72, "i"), "%%", "100%% sure" % ())
print("%s" % [1, 2], "%s" % (None,), "%s and %s" % ("a", "b"))
print("%(name)s is %(age)d" % {"name": "Bo", "age": 3})
print("%.3s|%5s|%-5s|" % ("abcdef", "ab", "ab"))
print("%*d|%-*d|" % (5, 1, 5, 2))
print("%d" % 3.99, "%s" % 3.0, "%r" % 1e100, "%.0f" % 2.5, "%.0f" % 3.5)
try:
    print("%d %d" % (1,))
except TypeError as e:
    print("TypeError:", e)
try:
    print("%d" % "x")
except TypeError as e:
    print("TypeError:", e)
try:
    print("%s %s" % ("a", "b", "c"))
except TypeError as e:
    print("TypeError:", e)
