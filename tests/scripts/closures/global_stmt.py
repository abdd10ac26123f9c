count = 0
def bump():
    global count
    count += 1
    return count
print(bump(), bump(), count)
def create():
    global created
    created = "made inside"
create()
print(created)
x = "global x"
def shadow():
    x = "local x"
    return x
print(shadow(), x)
def read_only():
    return x.upper()
print(read_only())
def nested():
    def inner():
        global count
        count = 1000
    inner()
nested()
print(count)
def unbound():
    try:
        print(y)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    y = 1
y = "global y"
unbound()
