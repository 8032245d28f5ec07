-module(closures_env).
-export([test/0]).
%% Closures capturing many variables, nested funs, funs in data, fun equality.
adder(N) -> fun(X) -> X + N end.
test() ->
    A = 1, B = 2.5, C = "c", D = {d}, E = [e], F = <<"f">>, G = #{g => 1},
    Big = fun(X) -> {X, A, B, C, D, E, F, G} end,
    Nest = fun(X) -> fun(Y) -> fun(Z) -> X + Y + Z end end end,
    Funs = #{inc => adder(1), dbl => fun(X) -> X * 2 end},
    Add1 = adder(1), Add1b = adder(1), Add2 = adder(2),
    [Big(0), ((Nest(1))(2))(3), (maps:get(inc, Funs))(41), (maps:get(dbl, Funs))(21),
     Add1 == Add1b, Add1 == Add2, Add1 =:= Add1, erlang:fun_info(Add2, env),
     lists:map(adder(10), [1, 2, 3]), [Fn(5) || Fn <- [adder(N) || N <- [1, 2, 3]]],
     (fun Loop(0, Acc) -> Acc; Loop(N, Acc) -> Loop(N - 1, [N | Acc]) end)(5, []),
     is_function(Big, 1), fun lists:sum/1 == fun lists:sum/1, (fun erlang:'+'/2)(2, 3)].
