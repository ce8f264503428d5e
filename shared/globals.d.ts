// The few globals that Node and browsers both provide, which shared code may use (it sees neither
// Node's nor the DOM's type declarations).
declare function structuredClone<T>(value: T): T;
declare function btoa(data: string): string;
declare function atob(data: string): string;
