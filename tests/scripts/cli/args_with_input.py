import sys
name = sys.argv[1] if len(sys.argv) > 1 else "nobody"
times = int(sys.argv[2]) if len(sys.argv) > 2 else 1
greeting = input("greeting: ")
for i in range(times):
    print(f"{greeting}, {name} #{i + 1}")
