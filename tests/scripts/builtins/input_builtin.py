name = input()
print("hello", name)
age = input("age? ")
print("age is", int(age) + 1)
line = input("")
print(repr(line))
numbers = [int(x) for x in input().split()]
print(sum(numbers))
try:
    input("last prompt: ")
except EOFError as e:
    print("EOFError", repr(e))
