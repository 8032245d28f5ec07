-module(ets_ms_errors).
-export([test/0]).
%% ets:test_ms/2 on refused match specifications: OTP's messages for
%% malformed lists and clauses, unknown functions, functions of the
%% tracing dialect, special forms with wrong arguments, unbound variables.

test() ->
    Specs = [x, [], [a | b], [{'_', [], [true]} | x], [{}], [{a, b}],
             [{'_', foo, [true]}], [{'_', [], foo}], [{'_', [], []}],
             [{'_', [], [{foo, 1}]}], [{'_', [{foo}], [true]}], [{'_', [], [{a}]}],
             [{'_', [], [{1, 2}]}], [{'_', [], [{message, 1}]}],
             [{'_', [foo | bar], [true]}], [{'_', [], [true | x]}],
             [{'$1', [], ['$2']}], [{'$1', [{'>', '$7', 1}], ['$1']}],
             [{'_', [], [{{{a}}}]}], [{'_', [], [{}]}], [{'_', [], [{hd, 1, 2}]}],
             [{'_', [{message, 1}], [true]}], [{'_', [], [{'andalso'}]}],
             [{'_', [], [{const}]}], [{'_', [], [{const, 1, 2}]}],
             [{'_', [], [{'andalso', {a}}]}], [{'_', [], [{self, 1}]}],
             [{'_', [], [{{{1, 2}}}]}], [{'_', [], [[{x, 1}]]}]],
    Forms = [{message, 1}, {return_trace, 0}, {exception_trace, 0}, {display, 1},
             {caller, 0}, {silent, 1}, {trace, 2}, {trace, 3}, {enable_trace, 1},
             {enable_trace, 2}, {disable_trace, 1}, {disable_trace, 2},
             {process_dump, 0}, {set_tcw, 1}, {get_tcw, 0}, {set_seq_token, 2},
             {get_seq_token, 0}, {is_seq_trace, 0}, {caller_line, 0},
             {current_stacktrace, 0}, {tuple_size, 1}, {is_bitstring, 1},
             {is_boolean, 1}, {min, 2}, {ceil, 1}],
    [[ets:test_ms({a, b}, S) || S <- Specs],
     [ets:test_ms({a, b}, [{'_', [], [list_to_tuple([F | lists:duplicate(A, 1)])]}])
      || {F, A} <- Forms],
     ets:test_ms({a, b}, [{'_', [], [true]}]),
     ets:test_ms(notatuple, [{'$1', [], [{{'$1'}}]}]),
     ets:test_ms({a, [1, 2]}, [{{a, '$1'}, [{is_list, '$1'}], [{length, '$1'}]}]),
     ets:test_ms({a, [1, 2]}, [{{a, '$1'}, [], [{hd, {tl, {tl, '$1'}}}]}])].
