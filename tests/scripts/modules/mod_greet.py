# helper
print("mod_greet is being executed")
GREETING = "hello"
counter = 0
def greet(name):
    return f"{GREETING}, {name}!"
def bump():
    global counter
    counter += 1
    return counter
class Greeter:
    def __init__(self, who):
        self.who = who
    def __repr__(self):
        return f"Greeter({self.who!r})"
if __name__ == "__main__":
    print("mod_greet run as main (never in these tests)")
