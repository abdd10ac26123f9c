a = 1; b = 2; c = a + b
print(a, b, c)


print("after blank lines")   
if a: print("inline if body")
for i in range(3): print("inline for", i)
while b > 0: b -= 1
print("b is", b)
def one(): return 1
print(one())
class C: pass
print(C.__name__)
x = 5;
print(x)
