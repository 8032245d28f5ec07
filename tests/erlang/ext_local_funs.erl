-module(ext_local_funs).
-export([test/0]).

%% term_to_binary/binary_to_term of local funs (NEW_FUN_EXT): the bytes
%% up to the creator pid (which names the process that loaded the module,
%% different in every VM), and decoded funs that run.
test() ->
    X = id(5),
    Z = id({tag, [1, 2]}),
    F = fun(Y) -> X + Y end,
    G = fun() -> ok end,
    H = fun(A, B) -> {A, B, Z, X} end,
    Nest = fun() -> F end,
    Fs = [F, G, H, Nest],
    Bins = [term_to_binary(E) || E <- Fs],
    [F2, G2, H2, Nest2] = [binary_to_term(B) || B <- Bins],
    [[head(B) || B <- Bins],
     [byte_size(B) || B <- Bins],
     F2(10), G2(), H2(a, b), (Nest2())(1),
     F2 =:= F, H2 == H,
     erlang:fun_info(F2, arity), erlang:fun_info(H2, env),
     binary_to_term(term_to_binary({F, [G, H]})) =:= {F, [G, H]},
     [byte_size(term_to_binary(E, [{minor_version, 2}])) || E <- Fs]].

%% NEW_FUN_EXT up to its pid (tag 88): size, arity, module MD5, index,
%% free count, module, old index and old uniq.
head(<<131, 112, Rest/binary>>) ->
    [Pre | _] = binary:split(Rest, <<88, 100, 0, 13, "nonode@nohost">>),
    Pre.

id(X) -> X.
