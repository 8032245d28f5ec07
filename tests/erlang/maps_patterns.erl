-module(maps_patterns).
-export([test/0]).
%% Map patterns in function heads and case.
test() ->
    L = [#{type => circle, r => 2}, #{type => rect, w => 3, h => 4}, #{type => other}, #{}, #{r => 1}],
    [area(X) || X <- L] ++ [f(#{a => 1, b => 2}), f(#{a => 1}), g(#{1 => x}, 1), g(#{1 => x}, 2)].
area(#{type := circle, r := R}) -> 3 * R * R;
area(#{type := rect, w := W, h := H}) -> W * H;
area(#{type := T}) -> {unknown, T};
area(_) -> none.
f(#{a := A, b := B}) -> A + B;
f(#{a := A}) -> A.
g(M, K) -> case M of #{K := V} -> {found, V}; _ -> missing end.
