total = 0
while True:
    try:
        cmd = input("> ")
    except EOFError:
        print()
        print("bye")
        break
    if cmd == "quit":
        print("quitting")
        break
    if cmd.startswith("add "):
        total += int(cmd[4:])
        print("total =", total)
    else:
        print("unknown command:", cmd)
print("final", total)
