L = list(range(10))
print(L[0], L[-1], L[-10], L[3:6], L[-3:], L[::3], L[::-1], L[7:2:-2])
L[2] = "two"; print(L)
L[-1] = "last"; print(L)
L[1:3] = ["a", "b", "c"]; print(L)
L[:2] = []; print(L)
L[::2] = ["x"] * len(L[::2]); print(L)
L[len(L):] = [100, 200]; print(L)
del L[::3]; print(L)
M = [0, 1, 2, 3, 4]
M[1:4] = "ab"; print(M)
M[-2:] = [9]; print(M)
try:
    M[10]
except IndexError as e:
    print("IndexError:", e)
try:
    M[::2] = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    M["a"]
except TypeError as e:
    print("TypeError:", e)
print(M[100:], M[-100:1], M[2:1])
N = [1, 2, 3]
N[5:] = [4]; print(N)
N[:0] = [-1, 0]; print(N)
