fn main() {
    std::process::exit(soudan::cli::main());
}
