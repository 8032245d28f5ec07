-module(exceptions_basic).
-export([test/0]).
%% Exceptions and their reasons, as OTP raises them.
reason(F) -> try F() of V -> {value, V} catch C:R -> {C, R} end.
fc(a) -> ok.
test() ->
    Zero = id(0), L = id([]), A = id(atom),
    [reason(fun() -> 1 / Zero end), reason(fun() -> 1 div Zero end), reason(fun() -> A + 1 end),
     reason(fun() -> {ok, _} = id(error) end), reason(fun() -> fc(b) end),
     reason(fun() -> case id(x) of y -> ok end end), reason(fun() -> if A =:= b -> ok end end),
     reason(fun() -> hd(L) end), reason(fun() -> throw(my_ball) end), reason(fun() -> exit(my_exit) end),
     reason(fun() -> error({custom, 1}) end), reason(fun() -> nomod:nofun() end),
     reason(fun() -> ?MODULE:nofun(1) end), reason(fun() -> element(0, {}) end),
     reason(fun() -> list_to_atom(A) end), reason(fun() -> A(1) end),
     reason(fun() -> (fun(X) -> X end)(1, 2) end), reason(fun() -> #{}#{a := 1} end),
     reason(fun() -> maps:get(k, #{}) end), reason(fun() -> try error(a) catch throw:_ -> no end end),
     reason(fun() -> try id(1) of 2 -> two catch nothing -> x end end), reason(fun() -> binary_to_list(A) end),
     reason(fun() -> erlang:raise(throw, raised, []) end), reason(fun() -> length([a | b]) end),
     reason(fun() -> atom_to_list(1) end), reason(fun() -> <<Zero:(-1)>> end),
     catch throw(caught), element(1, catch error(oops)), catch exit(bye), catch 1 + 1].
id(X) -> X.
