-module(funs_basic).
-export([test/0]).
%% Fun creation, application and errors.
test() -> strip(test0()).
test0() ->
    Add = fun(A, B) -> A + B end,
    Curry = fun(A) -> fun(B) -> fun(C) -> A + B + C end end end,
    Fact = fun F(0) -> 1; F(N) -> N * F(N - 1) end,
    [Add(1, 2), ((Curry(1))(2))(3), Fact(20), erlang:fun_info(Add, arity), is_function(Add, 2), is_function(Add, 3),
     (fun lists:reverse/1)([1, 2, 3]), apply(fun erlang:'+'/2, [3, 4]), apply(lists, seq, [1, 5]),
     lists:map(fun erlang:abs/1, [-1, 2, -3]), erlang:fun_info(fun lists:map/2, module), erlang:fun_info(fun lists:map/2, name),
     catch Add(1), catch (id(not_a_fun))(1), (fun() -> self() =:= self() end)()].
id(X) -> X.
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
