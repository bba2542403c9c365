source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @seqc_ptx_u_silu(i64 %i0, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%9 = zext i32 %8 to i64
	%10 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%11 = zext i32 %10 to i64
	%12 = mul i64 %11, 256
	%13 = add i64 %12, %9
	%14 = mul i64 %3, %5
	%15 = add i64 %14, %1
	%16 = mul i64 %15, 256
	%17 = add i64 %16, %13
	%18 = icmp slt i64 %17, %i0
	br i1 %18, label %if.1, label %if.join.2

if.1:
	%19 = getelementptr float, float addrspace(1)* %p0, i64 %17
	%20 = load float, float addrspace(1)* %19, align 4
	%21 = call float @llvm.fabs.f32(float %20)
	%22 = fneg float %21
	%23 = fcmp olt float %22, -115.0
	%24 = select i1 %23, float -115.0, float %22
	%25 = fcmp ogt float %24, 89.0
	%26 = select i1 %25, float 89.0, float %24
	%27 = call float @llvm.fmuladd.f32(float %26, float 0x3FF7154760000000, float 1.2582912e+07)
	%28 = fsub float %27, 1.2582912e+07
	%29 = call float @llvm.fmuladd.f32(float %28, float 0xBFE62E4000000000, float %26)
	%30 = call float @llvm.fmuladd.f32(float %28, float 0xBEB7F7D1C0000000, float %29)
	%31 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %30, float 0x3F81239E00000000)
	%32 = call float @llvm.fmuladd.f32(float %31, float %30, float 0x3FA5558F20000000)
	%33 = call float @llvm.fmuladd.f32(float %32, float %30, float 0x3FC5554920000000)
	%34 = call float @llvm.fmuladd.f32(float %33, float %30, float 0x3FDFFFFFC0000000)
	%35 = fmul float %30, %30
	%36 = call float @llvm.fmuladd.f32(float %34, float %35, float %30)
	%37 = fadd float %36, 1.0
	%38 = bitcast float %27 to i32
	%39 = sub i32 %38, u0x4B400000
	%40 = ashr i32 %39, 1
	%41 = sub i32 %39, %40
	%42 = add i32 %40, 127
	%43 = shl i32 %42, 23
	%44 = bitcast i32 %43 to float
	%45 = add i32 %41, 127
	%46 = shl i32 %45, 23
	%47 = bitcast i32 %46 to float
	%48 = fmul float %37, %44
	%49 = fmul float %48, %47
	%50 = fadd float 1.0, %49
	%51 = fcmp olt float %20, 0.0
	%52 = fmul float %20, %48
	%53 = select i1 %51, float %52, float %20
	%54 = select i1 %51, float %47, float 1.0
	%55 = fdiv float %53, %50
	%56 = fmul float %55, %54
	%57 = fcmp olt float %20, -115.0
	%58 = select i1 %57, float -0.0, float %56
	%59 = fcmp oeq float %20, 0xFFF0000000000000
	%60 = select i1 %59, float 0x7FF8000000000000, float %58
	%61 = getelementptr float, float addrspace(1)* %p1, i64 %17
	store float %60, float addrspace(1)* %61, align 4
	br label %if.join.2

if.join.2:
	ret void
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare float @llvm.fabs.f32(float %0)

declare float @llvm.fmuladd.f32(float %0, float %1, float %2)
