import time
t0 = time.time()
m0 = time.monotonic()
p0 = time.perf_counter()
time.sleep(0.05)
t1 = time.time()
m1 = time.monotonic()
p1 = time.perf_counter()
print(t0 > 1600000000, isinstance(t0, float))
print(m1 - m0 >= 0.04, p1 - p0 >= 0.04, t1 >= t0)
print(m1 - m0 < 5, p1 - p0 < 5)
time.sleep(0)
print(type(time.monotonic()).__name__, type(time.perf_counter()).__name__)
try:
    time.sleep(-1)
except ValueError as e:
    print("ValueError:", e)
