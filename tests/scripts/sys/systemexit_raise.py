def deep(n):
    if n == 0:
        raise SystemExit(7)
    deep(n - 1)
print("going deep")
try:
    deep(5)
finally:
    print("cleanup")
