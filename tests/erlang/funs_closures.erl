-module(funs_closures).
-export([test/0, add/2]).
%% Funs, closures, higher-order calls and apply.
add(A, B) -> A + B.
id(X) -> X.
reason({'EXIT', {R, _}}) -> {'EXIT', R};
reason(V) -> V.
make_counter(N) -> fun(I) -> N + I end.
compose(F, G) -> fun(X) -> F(G(X)) end.
test() ->
    Inc = make_counter(10),
    Sq = fun(X) -> X * X end,
    Fact = fun F(0) -> 1; F(N) -> N * F(N - 1) end,
    Add = fun ?MODULE:add/2,
    [Inc(5), (compose(Sq, Inc))(2), Fact(10), Add(2, 3), apply(fun ?MODULE:add/2, [1, 2]),
     apply(?MODULE, add, [3, 4]), erlang:apply(lists, reverse, [[1, 2]]),
     lists:map(fun erlang:abs/1, [-1, 2, -3]), is_function(Sq), is_function(Sq, 1), is_function(Sq, 2),
     erlang:fun_info(Add, arity), erlang:fun_info(Sq, arity), (fun() -> ok end)(),
     [F2(1) || F2 <- [fun(X) -> X + 1 end, fun(X) -> X * 10 end]],
     reason(catch Sq(1, 2)), reason(catch (id(not_a_fun))(1)), Add, lists:foldl(fun(F3, Acc) -> F3(Acc) end, 1, [Sq, Inc, Sq]),
     (fun(X, Y) -> {Y, X} end)(a, b), reason(catch apply(?MODULE, nonexistent, []))].
