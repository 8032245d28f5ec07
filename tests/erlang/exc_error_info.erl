-module(exc_error_info).
-export([test/0]).
%% Whole stack traces as OTP 25 builds them: BIF frames carry error_info
%% naming the module that explains the error, tail-called BIFs name their
%% calling function, erlang:error/2,3 show their arguments, and every
%% live caller appears.  Frames of the harness below test/0 (erl_eval
%% under erl) are dropped, since erl and shale-beam start test/0 apart.
t(F) -> try F() catch C:R:S -> {C, R, own(S)} end.
own(S) -> [Fr || {M, _, _, _} = Fr <- S, M =/= erl_eval, M =/= init].
tail_bif() -> atom_to_list(id(1)).
body_bif() -> X = atom_to_list(id(1)), {X}.
tail_error() -> error(foo).
body_error() -> X = error(foo), {X}.
error_args() -> erlang:error(foo, [1, 2]).
error_none() -> erlang:error(foo, none).
error_notlist() -> erlang:error(foo, notalist).
error_info() -> erlang:error(foo, [1], [{error_info, #{module => ?MODULE}}]).
error_info_bad() -> erlang:error(foo, [1], [{error_info, notamap}, other]).
tail_throw() -> throw(x).
tail_exit() -> exit(y).
undef_call() -> no_such_module_here:f(1).
stdlib_bif() -> lists:reverse(a, id([])).
clause(X) when X > 0 -> ok.
arith_tail() -> id(1) + id(b).
arith_body() -> X = id(1) + id(b), {X}.
deep(0) -> element(9, id({}));
deep(N) -> {deep(N - 1)}.
rethrow() -> try error(x) catch error:x -> error(y) end.
reraise() -> try error(x) catch error:x:S -> erlang:raise(error, z, S) end.
stack_here() -> {current_stacktrace, S} = process_info(self(), current_stacktrace), own(S).
stack_caller() -> X = stack_here(), [X].
test() ->
    [t(fun tail_bif/0), t(fun body_bif/0), t(fun tail_error/0),
     t(fun body_error/0), t(fun error_args/0), t(fun error_none/0),
     t(fun error_notlist/0), t(fun error_info/0), t(fun error_info_bad/0),
     t(fun tail_throw/0), t(fun tail_exit/0), t(fun undef_call/0),
     t(fun stdlib_bif/0), t(fun() -> clause(0) end), t(fun arith_tail/0),
     t(fun arith_body/0), t(fun() -> deep(3) end), t(fun() -> deep(20) end),
     t(fun rethrow/0), t(fun reraise/0), t(fun() -> {tail_bif()} end),
     t(fun() -> element(5, id({a})) end), t(fun() -> maps:get(x, id(#{})) end),
     t(fun() -> maps:get(x, id(a)) end), t(fun() -> binary:part(id(<<1>>), 5, 1) end),
     t(fun() -> math:sqrt(id(-1)) end), t(fun() -> id(a) div 0 end),
     t(fun() -> hd(id([])) end), t(fun() -> length(id(a)) end),
     t(fun() -> lists:keyfind(a, 0, id([])) end), t(fun() -> abs(id(a)) end),
     t(fun() -> integer_to_list(id(a), 10) end), t(fun() -> erlang:send(id(nope), x) end),
     t(fun() -> persistent_term:get(id('no such key here')) end),
     stack_caller(), stack_here()].
id(X) -> X.
