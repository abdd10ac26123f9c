def describe(name, age, city="nowhere"):
    return f"{name} is {age} and lives in {city}"
print(describe("Ann", 30))
print(describe(age=5, name="Bob"))
print(describe("Cy", city="Paris", age=41))
def err(fn, *a, **k):
    try:
        fn(*a, **k)
    except TypeError as e:
        print("TypeError:", e)
err(describe, "A")
err(describe, "A", 1, 2, 3)
err(describe, "A", 1, name="B")
err(describe, "A", 1, zip=3)
err(describe)
def nothing():
    return None
err(nothing, 1)
print(describe(*("Dee", 7), **{"city": "Rome"}))
