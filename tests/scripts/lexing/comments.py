# comment at the top
#comment without space
x = 1  # trailing comment
# print("this is not executed")
print(x)  # prints 1
    # an indented comment line is ignored
print("# not a comment inside a string")
print('#' * 3)
def f():
    # only a comment line before the body
    return 2
print(f())
s = """triple
# still in the string
"""
print(s)
